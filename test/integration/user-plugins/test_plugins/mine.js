export default { kind: 'test', tests: { odd_number: (v) => Number(v) % 2 === 1 } }
