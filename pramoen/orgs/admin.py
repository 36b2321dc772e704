from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pramoen.orgs.models import (
    Agency,
    Committee,
    CommitteeMember,
    District,
    DistrictGroup,
    LoginAttempt,
    RoleAssignment,
    User,
)


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name_th", "email", "is_active", "is_staff", "last_login"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("pramoen", {"fields": ["full_name_th"]}))  # type: ignore[misc]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name_th", "name_en", "abbr_th", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en", "abbr_th"]


@admin.register(DistrictGroup)
class DistrictGroupAdmin(admin.ModelAdmin[DistrictGroup]):
    list_display = ["code", "name_th", "name_en", "color"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name_th", "name_en", "group", "population", "area_km2"]
    list_filter = ["group"]
    search_fields = ["name_th", "name_en", "code"]
    exclude = ["boundary"]  # a 100 kB geometry is not for hand-editing; load it from the GIS layer


class CommitteeMemberInline(admin.TabularInline[CommitteeMember, Committee]):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin[Committee]):
    list_display = ["number", "theme_th", "district_group"]
    filter_horizontal = ["agencies"]
    inlines = [CommitteeMemberInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ["user", "role", "agency", "committee"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name_th"]
    autocomplete_fields = ["user", "agency"]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin[LoginAttempt]):
    list_display = ["username", "ip_address", "at"]
    search_fields = ["username"]
