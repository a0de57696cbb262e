// PostgreSQL 17 with TimescaleDB, compiled to WebAssembly, served on a loopback port for the
// TimescaleDB-path tests. Usage: node server.mjs PORT [DATA_DIR]. Prints "READY <port>" once it listens.
import { PGlite } from '@electric-sql/pglite'
import { timescaledb } from '@electric-sql/pglite/timescaledb'
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket'

// pglite-socket 0.0.19 hands every TCP chunk to PGlite as it comes, and PGlite aborts ("RuntimeError:
// unreachable") on a protocol message cut in two. JDBC sends big statements in 8 KiB writes, so
// chunks are re-assembled here into whole messages before they reach PGlite.
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const handleChunk = PGLiteSocketHandler.prototype.handleData
PGLiteSocketHandler.prototype.handleData = function (chunk) {
  this.pendingBytes = this.pendingBytes ? Buffer.concat([this.pendingBytes, chunk]) : chunk
  let end = 0
  for (;;) {
    const buf = this.pendingBytes
    let length
    if (!this.startupDone) {
      // Startup and SSL/GSS requests have no type byte.
      if (buf.length < end + 8) break
      length = buf.readInt32BE(end)
      if (buf.length < end + length) break
      const code = buf.readInt32BE(end + 4)
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.startupDone = true
    } else {
      if (buf.length < end + 5) break
      length = 1 + buf.readInt32BE(end + 1)
      if (buf.length < end + length) break
    }
    end += length
  }
  if (end === 0) return Promise.resolve(0)
  const whole = this.pendingBytes.subarray(0, end)
  this.pendingBytes = this.pendingBytes.subarray(end)
  return handleChunk.call(this, whole)
}

const port = Number.parseInt(process.argv[2], 10)
const dataDir = process.argv[3]
const db = await PGlite.create({ dataDir, extensions: { timescaledb } })
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
await server.start()
console.log(`READY ${port}`)

const stop = async () => {
  await server.stop()
  await db.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
