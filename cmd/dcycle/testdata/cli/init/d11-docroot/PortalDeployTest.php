<?php

namespace Drupal\Tests\portal_deploy\Kernel;

use Drupal\KernelTests\KernelTestBase;

/**
 * Installs portal_deploy on a new site, which replays every update.
 *
 * @group portal_deploy
 */
class PortalDeployTest extends KernelTestBase {

  /**
   * {@inheritdoc}
   */
  protected static $modules = ['system', 'user'];

  /**
   * Checks that the site is what the updates make it.
   */
  public function testSiteIsDeployed(): void {
    $this->installConfig(['system']);
    $this->container->get('module_installer')->install(['portal_deploy']);
    $this->assertTrue($this->container->get('module_handler')->moduleExists('portal_deploy'));
    // Assert here what the updates set, for example:
    // $this->assertTrue($this->config('system.performance')->get('js.preprocess'));
  }

}
