"""The local web app (``rekisteri serve``): the owner's register and requests in a browser.

Served on the loopback interface only, to one browser that opened the start address with its
token; every page is rendered on the server from the library's functions, with the project's
templates and catalogs, and nothing is fetched from anywhere else (:mod:`rekisteri.web.guard`
says how each request is checked). No logic lives here that the CLI does not share.
"""
