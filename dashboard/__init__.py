"""The Task Supervision Dashboard. ``dashboard.web`` builds the app (``create_app``); ``domain``
is the pure core; ``services`` the read services; the modules here are the shared services
(clock, i18n, access, cache, extensions, paths) that callbacks, layouts and the web use."""
