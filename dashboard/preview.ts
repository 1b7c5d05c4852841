/**
 * The install page's preview frame: the real widget.js, rendered inline, with the designer's
 * config served by the server's preview endpoint (nothing a visitor would see changes, nothing
 * sent is stored). Settings come in the query string: project, config (base64url JSON), locale,
 * and theme (light or dark; otherwise the system's, as a visitor's would be).
 */
import './preview.css';

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
const script = document.createElement('script');
script.src = '/widget.js';
script.async = true;
script.dataset.project = params.get('project') ?? 'preview';
script.dataset.endpoint = `${location.origin}/preview/${params.get('config') ?? ''}`;
script.dataset.mount = '#preview';
const locale = params.get('locale');
if (locale) script.dataset.locale = locale;
document.body.append(script);
