'use client';
import { InsightsView } from '../../components/insights/insights-view';

/** `/insights/`: the report (`ao report`) with charts and a table per session. */
export default function InsightsPage() {
  return <InsightsView />;
}
