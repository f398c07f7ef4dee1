import { expect, test } from '@playwright/test';
import { json, metrics, mockApi } from './fixtures';

const shot = (name: string) => `test-results/screens/${name}.png`;

test('opens the first project, dataset and inference set and writes them to the URL', async ({ page }) => {
  await mockApi(page);
  await page.goto('/');
  await expect(page).toHaveURL(/project=reef&dataset=val&inference=yolo-small/);
  await expect(page.getByTestId('select-project')).toHaveValue('reef');
  await expect(page.getByTestId('select-inference')).toHaveValue('yolo-small');
  await expect(page.getByTestId('summary-precision')).toContainText('0.746');
  await expect(page.getByTestId('summary-fp')).toContainText('17');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await page.screenshot({ path: shot('shell-metrics-1280x800'), fullPage: false });
});

test('is readable on a large screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await mockApi(page);
  await page.goto('/?project=reef&dataset=val&inference=yolo-small&values=percentage');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await page.screenshot({ path: shot('shell-metrics-1920x1080') });
});

test('a shared link reproduces the view', async ({ page }) => {
  await mockApi(page);
  await page.goto('/?project=reef&dataset=val&inference=yolo-small&compare=yolo-large&segment=night&values=percentage&normalize=column');
  await expect(page.getByTestId('select-compare')).toHaveValue('yolo-large');
  await expect(page.getByTestId('select-segment')).toHaveValue('night');
  await expect(page.getByTestId('toggle-values').getByRole('radio', { name: 'Percentage' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('toggle-normalize').getByRole('radio', { name: 'Column' })).toHaveAttribute('aria-checked', 'true');
  // Two sets: the change of the share of the truck column, A 6 / 20 = 30.0% to B 5 / 22 = 22.7%.
  await expect(page.locator('td[data-gt="car"][data-pred="truck"]')).toHaveText('-7.3 pp');
});

test('swaps the two inference sets', async ({ page }) => {
  await mockApi(page);
  await page.goto('/?project=reef&dataset=val&inference=yolo-small&compare=yolo-large');
  await page.getByTestId('swap-inference').click();
  await expect(page).toHaveURL(/inference=yolo-large&compare=yolo-small/);
  await expect(page.getByTestId('select-inference')).toHaveValue('yolo-large');
});

test('tabs work from the keyboard and land in the URL', async ({ page }) => {
  await mockApi(page);
  await page.goto('/?project=reef&dataset=val&inference=yolo-small');
  await page.getByRole('tab', { name: 'Metrics' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Scenarios' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/tab=scenarios/);
  await expect(page.getByTestId('scenario-card')).toHaveCount(2);
  await expect(page.getByTestId('regression-summary')).toContainText('0 of 1 regression tests pass');
  await page.screenshot({ path: shot('shell-scenarios') });
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/tab=grid/);
});

test('shows how to import data when the workspace is empty', async ({ page }) => {
  await mockApi(page, { '/api/projects': (route) => json(route, { count: 0, data: [] }) });
  await page.goto('/');
  await expect(page.getByTestId('empty-workspace')).toBeVisible();
  await expect(page.getByText('reefscope import --help')).toBeVisible();
  await page.screenshot({ path: shot('empty-workspace') });
});

test('says in words what failed and retries', async ({ page }) => {
  let fail = true;
  await mockApi(page, {
    '/metrics': (route) =>
      fail
        ? json(route, { detail: 'internal error: the server failed to answer this request; see the server log' }, 500)
        : json(route, metrics()),
  });
  await page.goto('/?project=reef&dataset=val&inference=yolo-small');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not compute the metrics of “yolo-small”');
  await expect(alert).toContainText('The server failed while answering (500');
  await page.screenshot({ path: shot('error-metrics') });
  fail = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('summary-precision')).toContainText('0.746');
});

test('explains an unreachable server', async ({ page }) => {
  await mockApi(page, { '/api/projects': (route) => route.abort('connectionrefused') });
  await page.goto('/');
  await expect(page.locator('main').getByRole('alert')).toContainText('could not be reached', { timeout: 15_000 });
  await page.screenshot({ path: shot('error-network') });
});

test('lists validation problems from the server', async ({ page }) => {
  await mockApi(page, {
    '/metrics': (route) =>
      json(
        route,
        {
          detail: 'invalid request: query.confidence: too big; query.iou: too small',
          errors: [
            { loc: ['query', 'confidence'], msg: 'Input should be less than or equal to 1', type: 'x' },
            { loc: ['query', 'iou'], msg: 'Input should be greater than or equal to 0', type: 'y' },
          ],
        },
        422,
      ),
  });
  await page.goto('/?project=reef&dataset=val&inference=yolo-small');
  await expect(page.getByRole('alert')).toContainText('confidence (query parameter): Input should be less than or equal to 1');
});

test('the confidence slider recomputes without reloading the page', async ({ page }) => {
  await mockApi(page);
  await page.goto('/?project=reef&dataset=val&inference=yolo-small');
  await expect(page.getByTestId('summary-precision')).toContainText('0.746');
  const slider = page.getByTestId('slider-confidence');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/confidence=0.51/);
  await expect(page.getByTestId('summary-precision')).toContainText('0.746');
});
