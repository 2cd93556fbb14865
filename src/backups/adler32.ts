/** Adler-32's modulus: the largest prime below 2^16. */
const MOD = 65521;
/** Bytes summed between reductions: zlib's bound that keeps `b` below 2^32 (doubles would allow more; this is plenty fast). */
const CHUNK = 5552;

/**
 * Adler-32 (RFC 1950) as an unsigned number, the checksum Java's `java.util.zip.Adler32` returns.
 * Node's zlib exposes crc32 but not adler32, and Esop keys SSTables without a digest file by it.
 */
export function adler32(data: Uint8Array, seed = 1): number {
  let a = seed & 0xffff;
  let b = (seed >>> 16) & 0xffff;
  for (let start = 0; start < data.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, data.length);
    for (let i = start; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
