import { expect, screenshot, test } from './fixtures'

test.describe('walking skeleton', () => {
  test('kiosk home opens in Chromium through the device host', async ({ page, system }) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(system.kioskUrl)
    await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
    // Categories come from the main-process services over the bridge, not from the page itself.
    const tiles = page.locator('.tile')
    await expect(tiles).toHaveCount(6)
    await expect(page.getByTestId('category-social-security')).toContainText('社会保障')
    await expect(page.getByText('示范村便民服务站')).toBeVisible()
    await expect(page.getByTestId('help-button')).toHaveText('视频帮办')
    await screenshot(page, 'kiosk-home')
    expect(errors).toEqual([])
  })

  test('kiosk tiles and the help button are large enough for a fingertip', async ({
    page,
    system,
  }) => {
    await page.goto(system.kioskUrl)
    await expect(page.locator('.tile')).toHaveCount(6)
    const sizes = await page
      .locator('button')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)),
      )
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(64)
    const bodyFont = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
    expect(bodyFont).toBeGreaterThanOrEqual(24)
  })

  test('the kiosk switches to English and back', async ({ page, system }) => {
    await page.goto(system.kioskUrl)
    await page.getByRole('button', { name: '切换语言' }).click()
    await expect(
      page.getByRole('heading', { name: 'Hello! Please choose a service' }),
    ).toBeVisible()
    await expect(page.getByTestId('category-social-security')).toContainText('Social security')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await screenshot(page, 'kiosk-home-en')
    await page.getByRole('button', { name: 'Switch language' }).click()
    await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
  })

  test('a page on another origin cannot use the device host bridge', async ({ page, system }) => {
    await page.goto(`${system.serverUrl}/health`)
    const outcome = await page.evaluate(
      async (wsUrl) => {
        return new Promise<string>((resolve) => {
          const ws = new WebSocket(wsUrl)
          ws.onopen = () => resolve('open')
          ws.onerror = () => resolve('refused')
        })
      },
      `ws://127.0.0.1:${new URL(system.kioskUrl).port}/bridge?token=${system.host.token}`,
    )
    expect(outcome).toBe('refused')
  })

  test('clerk console login page is served by the signaling server', async ({ page, system }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(system.serverUrl)
    await expect(page.getByRole('heading', { name: /坐席登录/ })).toBeVisible()
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page.getByRole('alert')).toHaveText('请输入用户名和密码')
    await screenshot(page, 'clerk-login')
  })

  test('the server answers its health check', async ({ request, system }) => {
    const res = await request.get(`${system.serverUrl}/health`)
    expect(res.ok()).toBe(true)
    expect(await res.json()).toMatchObject({ ok: true })
  })
})
