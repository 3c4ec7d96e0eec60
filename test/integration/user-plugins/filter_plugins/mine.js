// Users' filters, in JavaScript: one with state (a counter), one that changes its argument.
let tickets = 0

export default {
  kind: 'filter',
  filters: {
    next_ticket: () => ++tickets,
    append_z: (list) => {
      list.push('z')
      return list
    },
    shout: (s) => `${String(s).toUpperCase()}!`,
  },
}
