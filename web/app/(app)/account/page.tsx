"use client";

import { AccountSettings } from "@/components/AccountSettings";

export default function AccountPage() {
  return <AccountSettings />;
}
