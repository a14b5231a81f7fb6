"""`python -m workshop list|backup`: the workshops on this machine, and a safe copy of them.

    python -m workshop list                 every workshop: title, last saved, link id
    python -m workshop backup FILE          a consistent copy of the database, even while
                                            the app is running (SQLite's online backup)
    python -m workshop delete ID            remove a workshop for good (a client's data
                                            at the end of an engagement)

Both read the database the app uses (`PMO_AUDITOR_DB`, else the default path), or the
one given with `--db`. Exit 0 on success, 2 with one `error:` line on standard error.
"""

from __future__ import annotations

import argparse
import sys

from .store import StoreError, WorkshopStore, default_path, parse_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop", description=__doc__.split(
        "\n")[0].split(": ", 1)[1])
    parser.add_argument("--db", help="the workshop database: a file, or a postgresql:// "
                        f"address (default: $PMO_AUDITOR_DB, else {default_path()})")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every workshop, newest change first")
    backup = commands.add_parser("backup", help="copy every workshop to a new file")
    backup.add_argument("file", help="the new file to write the copy to")
    delete = commands.add_parser("delete", help="remove a workshop and everything it holds")
    delete.add_argument("id", help="the workshop's id (from its link, or from list)")
    args = parser.parse_args(argv)
    store = WorkshopStore(args.db) if args.db else WorkshopStore()
    try:
        if args.command == "backup":
            target = store.backup(args.file)
            print(f"Backed up {len(store.workshops())} workshop(s) from {store.location} "
                  f"to {target}.")
            return 0
        if args.command == "delete":
            if not store.exists_on_disk():
                raise StoreError(f"{store.location} does not exist: there is nothing to "
                                 "delete.")
            title = store.load(args.id).state.title or "(untitled)"
            store.delete(args.id)
            print(f"Deleted the workshop {title!r} ({args.id}) and everything it held.")
            return 0
        if not store.exists_on_disk():
            print(f"No workshops yet: {store.location} does not exist.")
            return 0
        found = store.workshops()
        print(f"{len(found)} workshop(s) in {store.location}")
        for w in found:
            saved = parse_time(w.saved_at).astimezone()
            print(f"  {saved:%Y-%m-%d %H:%M}  ?workshop={w.id}  {w.title or '(untitled)'}"
                  + (f"  [{w.snapshots} snapshot(s)]" if w.snapshots else ""))
        return 0
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        store.close()
