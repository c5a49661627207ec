"""``python -m policy lint`` and ``python -m policy test``: exit 0 only when every pack is clean."""

from __future__ import annotations


def lint_main(pack: str | None) -> int:
    from .lint import lint

    findings = lint(pack)
    for f in findings:
        print(f)
    errors = [f for f in findings if f.severity == "error"]
    print(f"{len(errors)} error(s), {len(findings) - len(errors)} warning(s)")
    return 1 if errors else 0


def test_main(pack: str | None) -> int:
    from .cases import run
    from .loader import PackError

    failed = xpassed = xfailed = 0
    try:
        results = run(pack)
    except (KeyError, PackError, ValueError) as e:  # an unknown pack, or a malformed case file
        print(f"error: {e}")
        return 2
    for case, errors in results:
        if case.xfail:
            if errors:
                xfailed += 1
                print(f"xfail {case.id} ({case.xfail})")
            else:
                xpassed += 1
                print(f"XPASS {case.id}: marked xfail ({case.xfail}) but passes — remove the mark")
            continue
        if errors:
            failed += 1
            print(f"FAIL  {case.id} [{', '.join(case.articles)}]")
            for err in errors:
                print(f"      {err}")
        else:
            print(f"ok    {case.id} [{', '.join(case.articles)}]")
    print(
        f"{len(results)} case(s): {len(results) - failed - xfailed - xpassed} passed, {failed} failed, "
        f"{xfailed} xfailed, {xpassed} xpassed"
    )
    return 1 if failed or xpassed else 0
