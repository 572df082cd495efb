/**
 * The console's entry. How to sign in (`/config.json`) is asked for at once but awaited only by what
 * needs it (the sign-in page and the OpenID Connect callback): a signed-in person's first view does
 * not wait for it.
 */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { loadConsoleConfig } from './auth/console-config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
root.render(<App config={loadConsoleConfig()} />);
