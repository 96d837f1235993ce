import type { Report } from '@ao/shared/report';
import { RANGES, SESSION_LIMIT } from './insights';

interface EarlyReport {
  path: string;
  res: Promise<Report | null>;
}

/**
 * Runs as the Insights page's HTML is parsed, before the app's scripts are downloaded: asks for the report the address
 * names (the same path as `reportPath`), so it is usually there when the app starts (on a busy machine the scripts
 * take most of the first second). The app adopts it (`takeEarlyReport`); a refused or failed request gives null and
 * the app asks again its usual way.
 */
export const earlyReportScript = `(function(){try{var q=new URLSearchParams(location.search);var r=q.get('range');if(${JSON.stringify(RANGES)}.indexOf(r)<0)r='30d';var p=new URLSearchParams({since:r,sessions:'${SESSION_LIMIT}'});var pr=q.get('project');if(pr)p.set('project',pr);var path='/api/report?'+p;window.__aoEarlyReport={path:path,res:fetch(path,{credentials:'same-origin'}).then(function(x){return x.ok?x.json():null}).catch(function(){return null})};}catch(e){}})();`;

/** The early report, once, if it was asked for `path` (else null: the app asks itself). */
export function takeEarlyReport(path: string): Promise<Report | null> | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { __aoEarlyReport?: EarlyReport };
  const early = w.__aoEarlyReport;
  delete w.__aoEarlyReport;
  return early && early.path === path ? early.res : null;
}
