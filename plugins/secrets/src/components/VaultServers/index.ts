export { VaultServerState } from './VaultServerState';
export { VaultServersTable } from './VaultServersTable';
export type { VaultServersTableProps } from './VaultServersTable';
