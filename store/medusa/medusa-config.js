// Medusa for Lavka's tests: loopback only, no Redis (in-memory event bus, cache, locking and workflows), no admin
// dashboard. The harness (test/store) sets DATABASE_URL and runs it with NODE_ENV=production and telemetry off.
const { loadEnv, defineConfig } = require('@medusajs/framework/utils');

loadEnv(process.env.NODE_ENV || 'production', process.cwd());

// Browsers never talk to this store; CORS only has to be well-formed.
const cors = 'http://127.0.0.1';

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: cors,
      adminCors: cors,
      authCors: cors,
      jwtSecret: process.env.JWT_SECRET || 'lavka-test-store',
      cookieSecret: process.env.COOKIE_SECRET || 'lavka-test-store',
    },
  },
  admin: { disable: true },
});
