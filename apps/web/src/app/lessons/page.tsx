import { LessonsPage } from '../../components/lessons-page';

export default function Lessons() {
  return <LessonsPage />;
}
