/** The console's entry: reads how to sign in, then renders the app. */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { loadConsoleConfig } from './auth/console-config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
loadConsoleConfig().then(
  (config) => root.render(<App config={config} />),
  (error: unknown) => root.render(<p className="error">The console could not start: {String(error)}</p>),
);
