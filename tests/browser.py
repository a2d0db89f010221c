"""What every browser test checks on every page it shows, at a desktop (1366 px) and a phone
(375 px) width: no console error, no horizontal overflow, no English in the page's text, and at
the phone width a menu that is folded until opened."""

import re

VIEWPORTS = {"desktop": (1366, 768), "phone": (375, 740)}
PHONE_MAX = 900  # below this the menu folds (site.css)
# Words that are names, not English prose: the file formats users download.
ALLOWED_LATIN = {"Excel", "Word", "xlsx", "docx"}
# A code people read out (a tracking number TS20261127K7M2..., a project code): has a digit.
CODE = re.compile(r"\b[A-Za-z0-9-]*\d[A-Za-z0-9-]*\b")
# An e-mail address (the published complaint mailbox) is a name, too, and an address on the
# site (the audit log's "访问地址") a code.
EMAIL = re.compile(r"\S+@\S+|(?<!\S)/\S*")

# Pixels between the bottom of a page's first table and the top of what follows it (the cards
# after a transfer chain or a coordination table).
TABLE_GAP = """() => {
  const table = document.querySelector('main table');
  const cards = table.nextElementSibling;
  return cards.getBoundingClientRect().top - table.getBoundingClientRect().bottom;
}"""


def page_problems(page, width: int, errors: list[str]) -> list[str]:
    """What is wrong with the page as it stands: console errors, overflow, English words."""
    problems = [f"console: {e}" for e in errors]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"horizontal overflow: {scroll_width} px in a {width} px window")
    text = CODE.sub(" ", EMAIL.sub(" ", page.inner_text("body")))
    english = set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED_LATIN
    if english:
        problems.append(f"English in the page: {sorted(english)}")
    return problems


def watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


class Visit:
    """One person's tab at one width; `check()` notes what is wrong with the page shown, and
    `assert_clean()` fails the test with every page's problems at once."""

    def __init__(self, browser, viewport: str):
        self.width, height = VIEWPORTS[viewport]
        self.context = browser.new_context(
            locale="zh-CN",
            viewport={"width": self.width, "height": height},
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors = watch(self.page)
        self.problems: dict[str, list[str]] = {}

    @property
    def is_phone(self) -> bool:
        return self.width < PHONE_MAX

    def check(self, label: str) -> None:
        self.page.wait_for_load_state()
        found = page_problems(self.page, self.width, self.errors)
        self.errors.clear()
        if found:
            self.problems[f"{label} ({self.page.url}) @ {self.width}px"] = found

    def open_menu(self) -> None:
        """At the phone width the menu is folded: it must be opened to reach a link or log out."""
        if self.is_phone:
            menu = self.page.locator("header .menu")
            assert not menu.is_visible(), "the menu is folded on a phone"
            self.page.click("header .menu-button")
            assert menu.is_visible()

    def menu(self, label: str) -> None:
        self.open_menu()
        self.page.click(f"header nav >> text={label}")
        self.page.wait_for_load_state()

    def log_in(self, live_server, username: str, password: str) -> None:
        self.page.goto(f"{live_server.url}/login/")
        self.check("login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{live_server.url}/")
        self.check("dashboard")

    def log_out(self) -> None:
        self.open_menu()
        self.page.click("header button:has-text('退出')")
        self.page.wait_for_url("**/login/")

    def assert_clean(self) -> None:
        assert not self.problems, self.problems

    def close(self) -> None:
        self.context.close()
