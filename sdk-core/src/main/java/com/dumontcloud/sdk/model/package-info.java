/**
 * Immutable value types shared by every provider: offers, queries, instances, templates, money, costs. Units are normalised at the provider edge.
 */
package com.dumontcloud.sdk.model;
