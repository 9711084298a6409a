package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc023 = &Rule{
	ID:          "DC023",
	Name:        "sandbox-finished-misspelled",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkSandboxFinishedMisspelled,
	Doc: Doc{
		Title: "An update, post-update or deploy hook sets $sandbox['finished'] instead of $sandbox['#finished']",
		Why: `Drupal (update.php, drush updb, drush deploy:hook) calls a batched update
again and again while $sandbox['#finished'] is below 1. The key is
'#finished', with the #. An update that sets $sandbox['finished'] is called
once: Drupal sees no '#finished', takes the update as complete and records
it, so the rest of the work is never done and never retried (checked on
Drupal 10.5 for a post-update and a deploy hook; Drupal 7's updates read the
same key). The Batch API's own operation callbacks do use
$context['finished'] without the #, which is where the habit comes from;
this rule reads only the sandbox of update, post-update and deploy
functions, and stays quiet when the function uses both keys.`,
		Bad: `function example_deploy_post_update_10001_publish_articles(array &$sandbox): string {
  if (!isset($sandbox['total'])) {
    $sandbox['total'] = \Drupal::entityQuery('node')->accessCheck(FALSE)->condition('type', 'article')->count()->execute();
    $sandbox['done'] = 0;
  }
  // ... publish the next 50 ...
  $sandbox['finished'] = $sandbox['done'] / $sandbox['total'];
  return 'Published articles.';
}`,
		Good: `function example_deploy_post_update_10001_publish_articles(array &$sandbox): string {
  if (!isset($sandbox['total'])) {
    $sandbox['total'] = \Drupal::entityQuery('node')->accessCheck(FALSE)->condition('type', 'article')->count()->execute();
    $sandbox['done'] = 0;
  }
  // ... publish the next 50 ...
  $sandbox['#finished'] = $sandbox['total'] ? $sandbox['done'] / $sandbox['total'] : 1;
  return 'Published articles.';
}`,
		Fix: `Write '#finished', and make sure the value reaches 1 (an empty batch sets
it to 1 at once), or the update runs for ever. If the function already ran
somewhere, it ran once there and is recorded as done: correcting it does
not finish the work on those sites, so put the rest of the work in a new
update, post-update or deploy hook ("dcycle new-update"). lint --fix does
not change a function that may have run already.`,
		Since: since,
	},
}

func checkSandboxFinishedMisspelled(p *Pass) {
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if !isDeployStep(fn) || len(fn.Params) == 0 {
				continue
			}
			sandbox := strings.TrimPrefix(fn.Params[0], "$")
			wrong := fn.DimsOf(sandbox, "finished")
			if len(wrong) == 0 || len(fn.DimsOf(sandbox, "#finished")) > 0 {
				continue
			}
			at := wrong[0]
			for _, d := range wrong {
				if d.Write {
					at = d
					break
				}
			}
			p.Report(f, at.Span, fn, "$%s['finished'] is not the key Drupal reads: it calls %s once, finds no '#finished' and records it as done; write $%s['#finished']",
				sandbox, fn.Name, sandbox)
		}
	}
}

// isDeployStep reports whether fn is run by Drupal as a deployment step:
// an update, a post-update or a deploy hook.
func isDeployStep(fn *phpast.Function) bool {
	switch fn.Kind {
	case phpast.KindUpdate, phpast.KindPostUpdate, phpast.KindDeploy:
		return true
	}
	return false
}
