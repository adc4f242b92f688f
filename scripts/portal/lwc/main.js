// The preview page's entry: synthetic shadow first (as on Aura-based Experience Cloud sites),
// then the portal shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'preview/app';

// The page's entry, not a component: it mounts the shell into the page's one root element.
// eslint-disable-next-line @lwc/lwc/no-document-query
const root = document.querySelector('#portal-root');
root.appendChild(createElement('preview-app', { is: App }));
