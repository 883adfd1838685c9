// Drives Hawtio in headless chromium: add a connection to the application's Jolokia (plain http on
// loopback: the form's scheme switch defaults to HTTPS), connect, open the Camel routes, and check that
// the routes are listed by id with their exchange counters after an archive cycle. Screenshots under
// $SCREENSHOTS. Started by dev/watch-check.sh.
const { chromium } = require('playwright-core');

const hawtio = process.env.HAWTIO_URL;
const port = process.env.JOLOKIA_PORT;
const shots = process.env.SCREENSHOTS;
// routes every cycle goes through, so their counters must have moved; the others must be listed
const busy = ['archive-schedule', 'archive-run', 'recover-interrupted', 'discover-instances', 'archive-instance',
  'enqueue-database', 'archive-work', 'archive-database', 'report-run', 'send-alert'];
const listed = busy.concat(['archive-once', 'settle-interrupted', 'report-failure', 'journal-failure',
  'send-dead-letter', 'delete-unverified-object']);

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${hawtio}/connect/remote`);
    await page.getByRole('button', { name: /Add connection/ }).click();
    await page.fill('#connection-form-name', 'cold-archiving');
    await page.locator('#connection-form-scheme').uncheck({ force: true });
    await page.fill('#connection-form-host', '127.0.0.1');
    await page.fill('#connection-form-port', port);
    await page.fill('#connection-form-path', '/observe/jolokia');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connection successful').waitFor({ timeout: 20000 });
    await page.screenshot({ path: `${shots}/1-connect.png` });
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    // Connect opens the console in a new window
    const [consolePage] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Connect', exact: true }).first().click(),
    ]);
    await consolePage.getByText('routes', { exact: true }).first().click({ timeout: 30000 });
    const table = consolePage.locator('table').first();
    await table.getByText('archive-database', { exact: true }).waitFor({ timeout: 30000 });
    // counters are read every few seconds: wait until the busy routes show theirs
    const counters = async () => {
      const rows = {};
      for (const row of await table.locator('tbody tr').all()) {
        const cells = (await row.locator('td').allInnerTexts()).map(s => s.trim());
        const name = cells.find(c => listed.includes(c));
        if (name) {
          rows[name] = cells;
        }
      }
      return rows;
    };
    const header = (await table.locator('thead th').allInnerTexts()).map(s => s.trim());
    const totalColumn = header.indexOf('Total');
    const completedColumn = header.indexOf('Completed');
    if (totalColumn < 0 || completedColumn < 0) {
      throw new Error(`no Total/Completed column in the routes table: ${header}`);
    }
    let rows = {};
    for (let i = 0; i < 30; i++) {
      rows = await counters();
      if (busy.every(r => rows[r] && Number(rows[r][totalColumn]) > 0)) {
        break;
      }
      await consolePage.waitForTimeout(1000);
    }
    await consolePage.screenshot({ path: `${shots}/2-routes.png` });
    const missing = listed.filter(r => !rows[r]);
    const idle = busy.filter(r => rows[r] && !(Number(rows[r][totalColumn]) > 0 && Number(rows[r][completedColumn]) > 0));
    if (missing.length || idle.length) {
      throw new Error(`routes missing: [${missing}], without exchanges: [${idle}]; table: ${JSON.stringify(rows)}`);
    }
    for (const r of busy) {
      console.log(`${r}: completed ${rows[r][completedColumn]}, total ${rows[r][totalColumn]}`);
    }
    // one route on its own, as an operator would look at it
    await consolePage.getByText('archive-database', { exact: true }).first().click();
    await consolePage.waitForTimeout(3000);
    await consolePage.screenshot({ path: `${shots}/3-archive-database.png` });
  } finally {
    await browser.close();
  }
})().catch(e => {
  console.error(`Hawtio check failed: ${e.message}`);
  process.exit(1);
});
