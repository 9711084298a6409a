<?php

// Local development: the local split is on, and stage_file_proxy stays
// out of the exported configuration.
$config['config_split.config_split.local']['status'] = TRUE;
$settings['config_exclude_modules'][] = 'stage_file_proxy';
