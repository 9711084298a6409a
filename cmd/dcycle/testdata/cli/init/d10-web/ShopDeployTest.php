<?php

namespace Drupal\Tests\shop_deploy\Kernel;

use Drupal\KernelTests\KernelTestBase;

/**
 * Installs shop_deploy on a new site, which replays every update.
 *
 * @group shop_deploy
 */
class ShopDeployTest extends KernelTestBase {

  /**
   * {@inheritdoc}
   */
  protected static $modules = ['system', 'user'];

  /**
   * Checks that the site is what the updates make it.
   */
  public function testSiteIsDeployed(): void {
    $this->installConfig(['system']);
    $this->container->get('module_installer')->install(['shop_deploy']);
    $this->assertTrue($this->container->get('module_handler')->moduleExists('shop_deploy'));
    // Assert here what the updates set, for example:
    // $this->assertTrue($this->config('system.performance')->get('js.preprocess'));
  }

}
