import { Form, Link } from "@remix-run/react";

/** Edit, and Archive or Restore: the actions on every inventory record's page (posts intent=archive|restore). */
export function RecordActions({ editTo, archived }: { editTo: string; archived: boolean }) {
  return (
    <>
      <Link to={editTo} className="button">
        Edit
      </Link>
      <Form method="post">
        <input type="hidden" name="intent" value={archived ? "restore" : "archive"} />
        <button type="submit" className="button button--quiet">
          {archived ? "Restore" : "Archive"}
        </button>
      </Form>
    </>
  );
}
