// The shop API: a small Express service (built into ghcr.io/acme/shop).
const express = require('express');
const pino = require('pino');

const log = pino();
const app = express();
app.get('/healthz', (_req, res) => res.send('ok'));
app.listen(Number(process.env.PORT ?? 8080), () => log.info('shop API listening'));
