// Serves an in-memory PostgreSQL (PGlite, with pgvector) over the wire protocol on 127.0.0.1 for the store tests.
// Usage: node server.mjs <port>   Prints "READY <port>" once it accepts connections; exits when stdin closes.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.argv[2] ?? 0) || 54329;
const db = await PGlite.create({ extensions: { vector } });
await db.exec('CREATE EXTENSION IF NOT EXISTS vector;');
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
await server.start();
process.stdout.write(`READY ${port}\n`);

const stop = async () => {
  try { await server.stop(); } catch { /* already stopped */ }
  try { await db.close(); } catch { /* already closed */ }
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
