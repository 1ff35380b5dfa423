// Drive the harness headless in Chromium: go to a note reference, click it,
// wait for foliate-js's pop-up, screenshot.  Usage:
//   node shoot.mjs http://127.0.0.1:PORT/index.html?url=book.epub TARGET_HREF OUT.png
import { chromium } from 'playwright-core'

const [url, target, out] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage({ viewport: { width: 900, height: 700 } })
page.on('console', m => console.log('console:', m.text()))
await page.goto(url)
await page.waitForFunction(() => window.ready === true, null, { timeout: 60000 })
await page.evaluate(t => {
  window.readerView.renderer.setAttribute('max-column-count', '1')
  return window.readerView.goTo(t)
}, target)
await page.waitForTimeout(3000)
const id = target.split('#')[1]
let clicked = false
for (const frame of page.frames()) {
  const a = frame.locator(`[id="${id}"]`)
  if (await a.count()) {
    console.log('reference:', await a.evaluate(el => el.outerHTML))
    console.log('box:', JSON.stringify(await a.boundingBox()))
    await page.screenshot({ path: out.replace(/\.png$/, '-before.png') })
    // A real mouse click where the reference is drawn on the screen.
    const box = await a.boundingBox()
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    clicked = true
    break
  }
}
if (!clicked) throw new Error('reference not found in any frame')
await page.waitForFunction(() => window.popupShown, null, { timeout: 20000 })
await page.waitForTimeout(1200)
console.log('popup:', JSON.stringify(await page.evaluate(() => window.popupShown)))
await page.screenshot({ path: out })
await browser.close()
