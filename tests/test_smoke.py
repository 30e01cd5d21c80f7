def test_front_page_is_public(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "つなぐ" in response.content.decode()
