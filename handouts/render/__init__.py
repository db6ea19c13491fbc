"""One handout, stage by stage, data flowing one way:

    content (article folder) -> brand -> context (template values) ->
    template (HTML) -> pdf (WeasyPrint layout) -> checks (verdicts) ->
    output (atomic write)

:mod:`.api` runs the stages in order and decides what a failed check means.
"""
