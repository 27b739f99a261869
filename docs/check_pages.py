"""Render the built documentation in headless Chromium and fail on horizontal overflow.

Usage::

    sphinx-build -b html docs docs/_build/html
    python docs/check_pages.py docs/_build/html [--width 1280] [--screenshot-dir DIR]

Each page (with ``--all``, also each generated page of the API reference) is opened at
the given window width (1280 px by default, a common laptop) with a small script added to
a temporary copy of the page. The script lists every element that
runs past the right edge of the window or is wider than its own scroll box (a clipped code
block or table), and Chromium prints the page's DOM with that list. A page whose list is
not empty fails the check; the failures name the page, the element and the overflow in
pixels. The check needs Debian's ``chromium`` package (``apt-get install chromium``) and
nothing from PyPI.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Runs after layout; writes what overflows into an element that --dump-dom prints.
PROBE = """
<script>
window.addEventListener("load", () => {
  const limit = document.documentElement.clientWidth;
  const found = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).slice(0, 2).join(".") : "");
  const skip = (el) => el.closest(".bd-sidebar-primary, .bd-sidebar-secondary, " +
      ".bd-header, .bd-footer, .search-button-field, [hidden]");
  for (const el of document.querySelectorAll("main pre, main table, main img, main div")) {
    if (skip(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const right = el.getBoundingClientRect().right;
    if (right > limit + 1) found.push([name(el), Math.round(right - limit), "past the window"]);
    const clipped = el.scrollWidth - el.clientWidth;
    if (clipped > 1 && (el.tagName === "PRE" || el.tagName === "TABLE")) {
      found.push([name(el), clipped, "clipped inside its box"]);
    }
  }
  if (document.documentElement.scrollWidth > limit + 1) {
    found.push(["page", document.documentElement.scrollWidth - limit, "page scrolls sideways"]);
  }
  const out = document.createElement("pre");
  out.id = "tracktr-overflow";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>
"""
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=1500",
]
REPORT = re.compile(r'<pre id="tracktr-overflow"[^>]*>(.*?)</pre>', re.S)


def chromium() -> str:
    """Return the Chromium executable, or exit with what to install."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("check_pages: no Chromium found.\n\nHint: apt-get install chromium")


def overflow(page: Path, *, browser: str, width: int, shots: Path | None) -> list[str]:
    """Return one line per element of ``page`` that overflows at ``width`` pixels."""
    text = page.read_text(encoding="utf-8")
    probe = page.with_name(f".{page.stem}.probe.html")
    probe.write_text(text.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            command = [
                browser,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},1000",
                "--dump-dom",
                probe.as_uri(),
            ]
            done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
            if shots is not None:
                shot = shots / (page.stem + ".png")
                subprocess.run(
                    [*command[:-2], f"--screenshot={shot}", page.as_uri()],
                    capture_output=True,
                    timeout=120,
                    check=False,
                )
    finally:
        probe.unlink(missing_ok=True)
    match = REPORT.search(done.stdout)
    if match is None:
        return [f"{page}: Chromium printed no report (exit {done.returncode})"]
    return [
        f"{page}: {element} overflows by {pixels} px ({why})"
        for element, pixels, why in json.loads(html.unescape(match.group(1)))
    ]


def main(argv: list[str] | None = None) -> int:
    """Check every page of a built HTML documentation folder; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--screenshot-dir", type=Path)
    parser.add_argument(
        "--all", action="store_true", help="also the one-page-per-name API pages (slower)"
    )
    args = parser.parse_args(argv)
    browser = chromium()
    skip = {"genindex", "search", "py-modindex"}
    pages = sorted(
        p
        for p in args.folder.resolve().rglob("*.html")
        if p.stem not in skip
        and "_modules" not in p.parts
        and "_static" not in p.parts
        and not p.name.startswith(".")
        and (args.all or "generated" not in p.parts)
    )
    if args.screenshot_dir is not None:
        args.screenshot_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(
            lambda p: overflow(p, browser=browser, width=args.width, shots=args.screenshot_dir),
            pages,
        )
        failures = [line for lines in results for line in lines]
    print(f"check_pages: {len(pages)} pages at {args.width} px, {len(failures)} overflowing")
    for line in failures:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
