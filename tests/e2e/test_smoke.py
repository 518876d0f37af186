from tests.e2e.harness import Harness


async def test_start_and_contact(harness: Harness) -> None:
    anna = harness.user("Anna")
    reply = await harness.send(anna, "/start")
    assert "RAK" in reply.text
    reply = await harness.send(anna, "/kontakt")
    assert [m.kind for m in reply.messages] == ["text", "contact", "venue"]
