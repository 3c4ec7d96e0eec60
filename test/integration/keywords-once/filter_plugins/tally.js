// Counts how often each keyword is templated: `'no_log' | tally` counts and gives false
// (or its argument); `'no_log' | tallied` reads the count.
const counts = new Map()

export default {
  kind: 'filter',
  filters: {
    tally: (key, args) => {
      counts.set(key, (counts.get(key) ?? 0) + 1)
      return args.length ? args[0] : false
    },
    tallied: (key) => counts.get(key) ?? 0,
  },
}
