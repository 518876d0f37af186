"""Files drawn outside the bot's process: XLSX workbooks, the minutes as PDF and DOCX, charts.

The libraries that draw them (openpyxl, fpdf2, python-docx, matplotlib) would together add more
than 100 MB to the bot's memory; the bot stays under its 150 MB bar by running every job in a
worker process of its own (`client.render`, off the event loop). A job is plain JSON-able data
(`model`, `rakbot.minutes_document`); `python -m rakbot.render` runs one job from standard input
to standard output, for trying a job by hand.
"""
