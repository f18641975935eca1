"The documentation site as a reader sees it: built from the notebooks, every page opened in headless Chromium."
import functools, http.server, os, re, subprocess, sys, threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = Path('/usr/bin/chromium'), Path('/usr/bin/chromedriver')
SCREENSHOT = ROOT/'_build'/'landing.png'

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    # CI installs them and sets IMAGEDENOISE_REQUIRE_BROWSER=1, so there a missing browser is a failure.
    msg = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    if os.environ.get('IMAGEDENOISE_REQUIRE_BROWSER'): raise RuntimeError(msg)
    pytest.skip(msg, allow_module_level=True)


@pytest.fixture(scope='module')
def site():
    "Build the site with the README's docs command, serve it on localhost, yield its base URL and pages."
    env = {**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3', 'MPLBACKEND': 'Agg'}
    r = subprocess.run([sys.executable, str(ROOT/'docs'/'build.py')], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    sys.path.insert(0, str(ROOT/'docs'))
    from build import page_order
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT/'_site'))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{server.server_port}/', [Path(p).with_suffix('.html').name for p in page_order()]
    server.shutdown()


@pytest.fixture(scope='module')
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for a in ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
              '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,2000']:
        opts.add_argument(a)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    yield driver
    driver.quit()


def open_page(browser, url):
    "Load `url`, wait until it has loaded, and return the console errors it logged."
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get_log('browser')  # drop what earlier pages logged
    browser.get(url)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == 'complete')
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return Array.from(document.images).every(i => i.complete)"))
    return [e for e in browser.get_log('browser') if e['level'] == 'SEVERE']


def test_every_page_loads_cleanly(site, browser):
    "Each page: no console errors, a title, every image loaded, no raw Markdown link, every internal link pointing at a real page and anchor."
    base, pages = site
    assert pages[0] == 'index.html' and len(pages) >= 12
    anchors, links = {}, []
    for page in pages:
        url = urljoin(base, page)
        errors = open_page(browser, url)
        assert not errors, f"{page}: console errors {errors}"
        assert browser.find_elements('css selector', 'article h1'), f"{page}: no title"
        broken = browser.execute_script("return Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => i.src.slice(0, 80))")
        assert not broken, f"{page}: images that did not load: {broken}"
        raw = re.findall(r'\]\([^)\s]*\.html[^)\s]*\)', browser.execute_script("return document.querySelector('article').innerText"))
        assert not raw, f"{page}: Markdown links shown raw: {raw[:3]}"
        anchors[page] = set(browser.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
        hrefs = browser.execute_script("return Array.from(document.querySelectorAll('article a[href]')).map(a => a.href)")
        links += [(page, h) for h in hrefs if h.startswith(base)]
    assert links, "no internal links found"
    for page, href in links:
        target, frag = urldefrag(href)
        name = urlparse(target).path.rsplit('/', 1)[-1] or 'index.html'
        assert name in anchors or (ROOT/'_site'/urlparse(target).path.lstrip('/')).is_file(), f"{page}: broken link {href}"
        if frag and name in anchors: assert frag in anchors[name], f"{page}: link {href} has no anchor #{frag} on {name}"


def test_landing_page_shows_results_and_figure(site, browser):
    "The front door: the results table beside the study's, and the figure of clean / noisy / denoised images."
    base, _ = site
    assert not open_page(browser, base + 'index.html')
    tables = browser.execute_script("return Array.from(document.querySelectorAll('article table')).map(t => t.innerText)")
    assert any('deep' in t and 'noisy input' in t and 'study PSNR' in t for t in tables), tables
    assert browser.execute_script("return Array.from(document.querySelectorAll('article img')).filter(i => i.naturalWidth > 400).length") >= 1
    SCREENSHOT.parent.mkdir(exist_ok=True)
    browser.set_window_size(1280, browser.execute_script("return document.documentElement.scrollHeight"))  # the whole page
    browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_the_book_in_parts_and_wide_enough(site, browser):
    "The sidebar shows the four parts and the name once; at 1280 px the README's code, tables, outputs and Keras summaries fit the content column."
    base, _ = site
    browser.set_window_size(1280, 1000)
    assert not open_page(browser, base + '03_basic.html')
    nav = browser.execute_script("return document.querySelector('.md-sidebar--primary').innerText")
    for part in ('The study', 'Beyond the study', 'Using it', 'Engineering'): assert part in nav, nav
    assert [line for line in nav.splitlines() if line.strip() == 'imagedenoise'] == ['imagedenoise'], nav  # the name once (the front page)
    width = browser.execute_script("return document.querySelector('article').clientWidth")
    assert width >= 900, f"content column {width} px at 1280 px"
    for page in ('index.html', '03_basic.html', '08_evaluation.html'):
        assert not open_page(browser, base + page)
        over = browser.execute_script("""return Array.from(document.querySelectorAll('article table, article .jp-OutputArea pre, article .jp-RenderedMarkdown pre'))
            .filter(e => e.scrollWidth > e.clientWidth + 2).map(e => e.innerText.slice(0, 60))""")
        assert not over, f"{page}: scrolls sideways at 1280 px: {over}"
        browser.set_window_size(1280, min(browser.execute_script("return document.documentElement.scrollHeight"), 8000))
        shot = ROOT/'_build'/f"{page.replace('.html', '')}-1280.png"
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        browser.set_window_size(1280, 1000)
