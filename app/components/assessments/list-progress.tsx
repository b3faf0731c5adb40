// "x of y required answered" as words with a small bar beside it, for lists (the bar is decoration:
// the words say it all, so the bar is hidden from assistive technology).
export function ListProgressBar({ required, answered }: { required: number; answered: number }) {
  const percent = required === 0 ? 100 : Math.round((answered / required) * 100);
  return (
    <span className="list-progress">
      <span className="list-progress__words">
        {answered} of {required}
        <span className="list-progress__unit"> required answered</span>
      </span>
      <meter className="list-progress__bar" aria-hidden="true" min={0} max={100} value={percent} />
    </span>
  );
}
