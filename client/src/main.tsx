import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Korean and Latin glyphs from our own assets (no font CDN); subsets load by unicode-range.
import 'pretendard/dist/web/variable/pretendardvariable-dynamic-subset.css';
import 'leaflet/dist/leaflet.css';
import 'uplot/dist/uPlot.min.css';
import './styles/app.css';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import { SessionProvider } from './session/SessionProvider';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
