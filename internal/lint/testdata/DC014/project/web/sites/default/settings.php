<?php

$settings['hash_salt'] = 'not-a-secret';
$settings['config_sync_directory'] = $app_root . '/../config/sync';
$settings['config_exclude_modules'] = ['devel'];
