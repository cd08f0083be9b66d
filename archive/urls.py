from django.urls import path

from archive import export, feeds, views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path("search/export.csv", export.search_csv, name="search_csv"),
    path("search/export.json", export.search_json, name="search_json"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("outlets/", views.outlets_index, name="outlets"),
    path("outlets/<str:slug>/", views.source_detail, name="source"),
    path("outlets/<str:slug>/feed/", feeds.OutletFeed(), name="source_feed"),
    path("entities/<int:pk>/", views.entity_detail, name="entity"),
    path("entities/<int:pk>/feed/", feeds.EntityFeed(), name="entity_feed"),
    path("people/", views.entity_index, {"kind_slug": "people"}, name="people"),
    path("places/", views.entity_index, {"kind_slug": "places"}, name="places"),
    path("organisations/", views.entity_index, {"kind_slug": "organisations"}, name="organisations"),
    path("dates/", views.dates_index, name="dates"),
    path("dates/<int:year>/", views.dates_year, name="year"),
    path("dates/<int:year>/<int:month>/", views.dates_month, name="month"),
    path("dates/<int:year>/<int:month>/<int:day>/", views.dates_day, name="day"),
    path("settings/digits/", views.set_digits, name="set_digits"),
]
