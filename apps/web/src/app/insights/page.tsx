import { InsightsView } from '../../components/insights/insights-view';
import { earlyReportScript } from '../../lib/early-report';

/** `/insights/`: the report (`ao report`) with charts and a table per session. */
export default function InsightsPage() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: earlyReportScript }} />
      <InsightsView />
    </>
  );
}
