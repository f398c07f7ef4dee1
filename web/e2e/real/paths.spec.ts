// Paths the web route cannot serve answer 404 in words, never a 500; the app still loads.
import { expect, test } from '@playwright/test';

for (const path of ['/%00', '/index.html%00', '/assets/%00.js']) {
  test(`a NUL byte in ${path} is a 404`, async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(404);
  });
}

test('the app still loads after them', async ({ page, request }) => {
  expect((await request.get('/%00')).status()).toBe(404);
  await page.goto('/');
  await expect(page.locator('body')).not.toBeEmpty();
  expect((await request.get('/api/health')).status()).toBe(200);
});
