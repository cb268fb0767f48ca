export { ClusterBanners } from './ClusterBanners';
export type { ClusterBannersProps } from './ClusterBanners';
