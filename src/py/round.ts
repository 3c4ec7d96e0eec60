/**
 * Python's `round(x, ndigits)` on floats: correctly rounded from the exact binary value
 * (2.675 is 2.67499999..., so `round(2.675, 2)` is 2.67), an exact half going to the even
 * neighbour (`round(0.125, 2)` is 0.12).
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x
  if (ndigits < 0) {
    const f = 10 ** -ndigits
    return halfEven(x / f) * f
  }
  // Every float this large is an integer; toFixed would switch to exponent notation.
  if (Math.abs(x) >= 1e16 || ndigits > 100) return x
  const exact = Math.abs(x).toFixed(100)
  const [int, frac] = exact.split('.')
  const sign = x < 0 ? -1 : 1
  if (frac[ndigits] === '5' && /^0*$/.test(frac.slice(ndigits + 1))) {
    const kept = `${int}.${frac.slice(0, ndigits)}`
    const last = Number(ndigits ? frac[ndigits - 1] : int[int.length - 1])
    // toFixed rounds an exact half away from zero; Python keeps the even neighbour.
    return sign * Number(last % 2 === 0 ? kept : Math.abs(x).toFixed(ndigits))
  }
  return sign * Number(Math.abs(x).toFixed(ndigits))
}

function halfEven(y: number): number {
  const r = Math.round(y)
  return Math.abs(y % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}
