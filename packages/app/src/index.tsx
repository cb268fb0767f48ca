import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import App from './App';
import { applyDemoUserFromUrl } from './modules/signIn/demoUsers';
import '@backstage/ui/css/styles.css';

applyDemoUserFromUrl();

ReactDOM.createRoot(document.getElementById('root')!).render(App.createRoot());
