import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import secretsPlugin from './alpha';
import { secretsApiRef } from './api';
import { mockSecretsApi } from './testUtils';

describe('new frontend system export (./alpha)', () => {
  it('mounts the fleet page at /secrets with the plugin API', async () => {
    const api = mockSecretsApi();
    renderTestApp({
      features: [secretsPlugin],
      initialRouteEntries: ['/secrets'],
      apis: [[secretsApiRef, api]],
    });
    expect(await screen.findByText('No clusters configured')).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalled();
  });

  it('declares the entity content, page and API extensions', () => {
    const ids = (secretsPlugin as any).extensions?.map((e: { id: string }) => e.id) ??
      [...((secretsPlugin as any).getExtension ? [] : [])];
    expect(ids).toEqual(
      expect.arrayContaining(['api:secrets', 'entity-content:secrets/secrets', 'page:secrets']),
    );
  });
});
