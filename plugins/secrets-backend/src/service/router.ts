import express from 'express';
import Router from 'express-promise-router';
import type { HealthResponse } from '@internal/plugin-secrets-common';

/** Everything the router needs, already built. */
export interface RouterOptions {}

/** The plugin's HTTP surface. Handlers stay thin: parse, credentials, one service call, respond. */
export async function createRouter(
  _options: RouterOptions = {},
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
