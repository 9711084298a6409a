<?php

/**
 * @file
 * The PHP page that serves all page requests on a Drupal installation.
 */
