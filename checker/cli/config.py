"""`checker config show`: the effective configuration, and where each value came from."""

from __future__ import annotations

import typer

from checker.cli.options import (AgainstOption, BaselineOption, ConfigOption, EngineOption, ExcludeOption,
                                 FailOnOption, FormatOption, IncludeOption, JobsOption, NoDefaultRules, OutputOption,
                                 RulesOption, SchedulerOption, StoriesOption, StoryKeyOption, StrictOption, settings_from)
from checker.config.settings import describe

config_app = typer.Typer(no_args_is_help=True, help="Show the configuration checker runs with.")


@config_app.command("show")
def config_show(
    config: ConfigOption = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultRules = False,
    format: FormatOption = None,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    against: AgainstOption = None,
    baseline: BaselineOption = None,
    story_key: StoryKeyOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    strict_inputs: StrictOption = None,
    jobs: JobsOption = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    stories: StoriesOption = None,
) -> None:
    """Print the effective configuration of `checker check` with the same options, as TOML: each setting is
    followed by where it came from (default, the configuration file, or the command line)."""
    settings = settings_from(config=config, rules=rules, no_default_rules=no_default_rules, format=format,
                             output=output, fail_on=fail_on, against=against, baseline=baseline,
                             story_key=story_key, include=include, exclude=exclude, strict_inputs=strict_inputs,
                             jobs=jobs, engine=engine, scheduler=scheduler, stories=stories)
    typer.echo(describe(settings), nl=False)


__all__ = ["config_app"]
