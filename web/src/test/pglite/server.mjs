// PostgreSQL 17 with TimescaleDB, compiled to WebAssembly, served on a loopback port for the
// TimescaleDB-path tests. Usage: node server.mjs PORT [DATA_DIR]. Prints "READY <port>" once it listens.
import { PGlite } from '@electric-sql/pglite'
import { timescaledb } from '@electric-sql/pglite/timescaledb'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

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
