import { Header, Page } from '@backstage/core-components';
import { SecretsFleetPage } from './SecretsFleetPage';

/** The fleet page for the legacy frontend system, which expects a page to draw its own header. */
export function LegacySecretsFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Secrets"
        subtitle="External Secrets Operator and Vault across the fleet"
      />
      <SecretsFleetPage />
    </Page>
  );
}
