<?php

namespace Drupal\Tests\blog_deploy\Kernel;

use Drupal\KernelTests\KernelTestBase;

/**
 * Installs blog_deploy on a new site, which replays every update.
 *
 * @group blog_deploy
 */
class BlogDeployTest extends KernelTestBase {

  /**
   * {@inheritdoc}
   */
  protected static $modules = ['system', 'user'];

  /**
   * Checks that the site is what the updates make it.
   */
  public function testSiteIsDeployed(): void {
    $this->installConfig(['system']);
    $this->container->get('module_installer')->install(['blog_deploy']);
    $this->assertTrue($this->container->get('module_handler')->moduleExists('blog_deploy'));
    // Assert here what the updates set, for example:
    // $this->assertTrue($this->config('system.performance')->get('js.preprocess'));
  }

}
