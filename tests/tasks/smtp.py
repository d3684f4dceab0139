"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the mail tests: it can be slow,
stall its first greeting, or be stopped (connections refused)."""

import asyncio
import threading
import time

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, delay=0.0, stall_first_ehlo=0.0):
        self.messages = []
        self.delay = delay
        self.stall_first_ehlo = stall_first_ehlo
        self.connected = threading.Event()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connected.set()
        if self.stall_first_ehlo:
            stall, self.stall_first_ehlo = self.stall_first_ehlo, 0
            await asyncio.sleep(stall)
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope.content.decode("utf8", "replace"))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, port, **options):
        self.port = port
        self.handler = Recorder(**options)
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count, timeout=20):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages
